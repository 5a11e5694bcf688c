using System.Buffers;
using System.Text;

namespace Syncthing.Engine.Ignore;

/// <summary>
/// A glob compiled to a tiny instruction set and run as a Pike VM (breadth-first NFA simulation), so matching
/// time is O(name length × program length) whatever the pattern, with no backtracking.
/// </summary>
internal sealed class GlobProgram
{
    private const int Separator = '/';

    private readonly Instruction[] _program;
    private readonly int[][] _lists;

    private enum OpCode : byte
    {
        Char,
        NotSeparator,
        AnyCodePoint,
        InList,
        NotInList,
        InRange,
        NotInRange,
        Split,
        Jump,
        Match,
    }

    private readonly record struct Instruction(OpCode Op, int A, int B);

    private GlobProgram(Instruction[] program, int[][] lists)
    {
        _program = program;
        _lists = lists;
    }

    public static GlobProgram Compile(IReadOnlyList<GlobNode> nodes)
    {
        var program = new List<Instruction>();
        var lists = new List<int[]>();
        Emit(nodes, program, lists);
        program.Add(new Instruction(OpCode.Match, 0, 0));
        return new GlobProgram([.. program], [.. lists]);
    }

    private static void Emit(IReadOnlyList<GlobNode> nodes, List<Instruction> program, List<int[]> lists)
    {
        foreach (var node in nodes)
        {
            switch (node.Kind)
            {
                case GlobNodeKind.Text:
                    foreach (var rune in node.Text.EnumerateRunes())
                    {
                        program.Add(new Instruction(OpCode.Char, rune.Value, 0));
                    }

                    break;
                case GlobNodeKind.Any:
                case GlobNodeKind.Super:
                    // L0: split L0+1, L0+3; L0+1: one code point; L0+2: jump L0
                    var loop = program.Count;
                    program.Add(new Instruction(OpCode.Split, loop + 1, loop + 3));
                    program.Add(new Instruction(node.Kind == GlobNodeKind.Any ? OpCode.NotSeparator : OpCode.AnyCodePoint, 0, 0));
                    program.Add(new Instruction(OpCode.Jump, loop, 0));
                    break;
                case GlobNodeKind.Single:
                    program.Add(new Instruction(OpCode.NotSeparator, 0, 0));
                    break;
                case GlobNodeKind.List:
                    lists.Add([.. node.Text.EnumerateRunes().Select(r => r.Value)]);
                    program.Add(new Instruction(node.Negated ? OpCode.NotInList : OpCode.InList, lists.Count - 1, 0));
                    break;
                case GlobNodeKind.Range:
                    program.Add(new Instruction(node.Negated ? OpCode.NotInRange : OpCode.InRange, node.Low, node.High));
                    break;
                case GlobNodeKind.Alternatives:
                    EmitAlternatives(node.Branches, program, lists);
                    break;
            }
        }
    }

    private static void EmitAlternatives(IReadOnlyList<IReadOnlyList<GlobNode>> branches, List<Instruction> program, List<int[]> lists)
    {
        var exits = new List<int>();
        for (var i = 0; i < branches.Count; i++)
        {
            var split = -1;
            if (i < branches.Count - 1)
            {
                split = program.Count;
                program.Add(default);
            }

            Emit(branches[i], program, lists);
            if (split >= 0)
            {
                exits.Add(program.Count);
                program.Add(default);
                program[split] = new Instruction(OpCode.Split, split + 1, program.Count);
            }
        }

        foreach (var exit in exits)
        {
            program[exit] = new Instruction(OpCode.Jump, program.Count, 0);
        }
    }

    public bool IsMatch(ReadOnlySpan<char> name)
    {
        var n = _program.Length;
        var scratch = ArrayPool<int>.Shared.Rent((n * 5) + 2);
        try
        {
            var current = scratch.AsSpan(0, n);
            var next = scratch.AsSpan(n, n);
            var marks = scratch.AsSpan(2 * n, n);
            var stack = scratch.AsSpan(3 * n, (2 * n) + 2);
            marks.Fill(-1);

            var generation = 0;
            var currentCount = AddThread(current, 0, 0, generation, marks, stack);
            var pos = 0;
            while (pos < name.Length)
            {
                if (currentCount == 0)
                {
                    return false;
                }

                Rune.DecodeFromUtf16(name[pos..], out var rune, out var consumed);
                pos += consumed;
                generation++;
                var nextCount = 0;
                for (var i = 0; i < currentCount; i++)
                {
                    var pc = current[i];
                    if (Accepts(_program[pc], rune.Value))
                    {
                        nextCount = AddThread(next, nextCount, pc + 1, generation, marks, stack);
                    }
                }

                var swap = current;
                current = next;
                next = swap;
                currentCount = nextCount;
            }

            for (var i = 0; i < currentCount; i++)
            {
                if (_program[current[i]].Op == OpCode.Match)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    private bool Accepts(Instruction instruction, int cp) => instruction.Op switch
    {
        OpCode.Char => cp == instruction.A,
        OpCode.NotSeparator => cp != Separator,
        OpCode.AnyCodePoint => true,
        OpCode.InList => Array.IndexOf(_lists[instruction.A], cp) >= 0,
        OpCode.NotInList => Array.IndexOf(_lists[instruction.A], cp) < 0,
        OpCode.InRange => cp >= instruction.A && cp <= instruction.B,
        OpCode.NotInRange => cp < instruction.A || cp > instruction.B,
        _ => false,
    };

    /// <summary>Adds <paramref name="start"/> and everything reachable from it by jumps and splits.</summary>
    private int AddThread(Span<int> list, int count, int start, int generation, Span<int> marks, Span<int> stack)
    {
        var top = 0;
        stack[top++] = start;
        while (top > 0)
        {
            var pc = stack[--top];
            if (marks[pc] == generation)
            {
                continue;
            }

            marks[pc] = generation;
            var instruction = _program[pc];
            switch (instruction.Op)
            {
                case OpCode.Jump:
                    stack[top++] = instruction.A;
                    break;
                case OpCode.Split:
                    stack[top++] = instruction.B;
                    stack[top++] = instruction.A;
                    break;
                default:
                    list[count++] = pc;
                    break;
            }
        }

        return count;
    }
}
