using System.Collections.Frozen;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Syncthing.Engine.Tests;

/// <summary>One type of the engine using another (by full name, '+' for nested types).</summary>
internal sealed record TypeDependency(string FromNamespace, string FromType, string ToNamespace, string ToType);

/// <summary>
/// Reads a compiled assembly's metadata and lists which of its types use which other of its types. A type "uses"
/// every type of the assembly named by its base type, interfaces, generic constraints, attributes (constructor and
/// typeof arguments), field/method/property/event signatures, explicit interface implementations, method bodies
/// (local variables, catch clauses and every IL operand token: types, fields, methods, member references, generic
/// method instantiations, call-site signatures). A member reference or a called method counts as a use of its
/// declaring type (and of any generic arguments written at the call site), not of the types in its signature.
/// Nested types (lambdas, iterators, async state machines included) count as their outermost declaring type.
/// </summary>
internal static class EngineDependencyReader
{
    private static readonly FrozenDictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToFrozenDictionary(o => o.Value, o => o.OperandType);

    public static IReadOnlyList<TypeDependency> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        return Read(stream);
    }

    public static IReadOnlyList<TypeDependency> Read(Stream assembly)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        var reader = pe.GetMetadataReader();
        var byFullName = reader.TypeDefinitions.ToDictionary(h => SignatureTypeCollector.FullName(reader, h), StringComparer.Ordinal);
        var collector = new SignatureTypeCollector(reader, byFullName);
        var result = new HashSet<TypeDependency>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var used = new HashSet<TypeDefinitionHandle>();
            new TypeWalker(pe, reader, collector, used).Walk(handle);
            var fromOuter = Outermost(reader, handle);
            foreach (var target in used)
            {
                var toOuter = Outermost(reader, target);
                if (toOuter != fromOuter)
                {
                    result.Add(new TypeDependency(
                        SignatureTypeCollector.NamespaceOf(reader, fromOuter), SignatureTypeCollector.FullName(reader, fromOuter),
                        SignatureTypeCollector.NamespaceOf(reader, toOuter), SignatureTypeCollector.FullName(reader, toOuter)));
                }
            }
        }

        return [.. result.OrderBy(d => d.FromType, StringComparer.Ordinal).ThenBy(d => d.ToType, StringComparer.Ordinal)];
    }

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring)
        {
            handle = declaring;
        }

        return handle;
    }

    /// <summary>Collects every type definition one type (not its nested types) mentions.</summary>
    private sealed class TypeWalker(PEReader pe, MetadataReader reader, SignatureTypeCollector collector, HashSet<TypeDefinitionHandle> used)
    {
        public void Walk(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            AddEntity(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                var interfaceImplementation = reader.GetInterfaceImplementation(implementation);
                AddEntity(interfaceImplementation.Interface);
                AddAttributes(interfaceImplementation.GetCustomAttributes());
            }

            AddAttributes(type.GetCustomAttributes());
            AddGenericParameters(type.GetGenericParameters());
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                Add(field.DecodeSignature(collector, null));
                AddAttributes(field.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                AddMethod(reader.GetMethodDefinition(methodHandle));
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                var signature = property.DecodeSignature(collector, null);
                Add(signature.ReturnType);
                signature.ParameterTypes.ToList().ForEach(Add);
                AddAttributes(property.GetCustomAttributes());
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var definition = reader.GetEventDefinition(eventHandle);
                AddEntity(definition.Type);
                AddAttributes(definition.GetCustomAttributes());
            }

            foreach (var implHandle in type.GetMethodImplementations())
            {
                var implementation = reader.GetMethodImplementation(implHandle);
                AddEntity(implementation.MethodDeclaration);
                AddEntity(implementation.MethodBody);
            }
        }

        private void AddMethod(MethodDefinition method)
        {
            var signature = method.DecodeSignature(collector, null);
            Add(signature.ReturnType);
            signature.ParameterTypes.ToList().ForEach(Add);
            AddAttributes(method.GetCustomAttributes());
            AddGenericParameters(method.GetGenericParameters());
            foreach (var parameterHandle in method.GetParameters())
            {
                AddAttributes(reader.GetParameter(parameterHandle).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                AddEntity(body.LocalSignature);
            }

            foreach (var region in body.ExceptionRegions)
            {
                AddEntity(region.CatchType);
            }

            try
            {
                AddIl(body.GetILReader());
            }
            catch (BadImageFormatException e)
            {
                throw new BadImageFormatException($"{reader.GetString(method.Name)}: {e.Message}", e);
            }
        }

        private void AddIl(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                var first = il.ReadByte();
                var code = first == 0xFE ? unchecked((short)(0xFE00 | il.ReadByte())) : first;
                if (!OperandTypes.TryGetValue(code, out var operand))
                {
                    throw new BadImageFormatException($"Unknown IL opcode 0x{code:X4} at offset {il.Offset}.");
                }

                switch (operand)
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        // Read the count first: in `il.Offset += 4 * il.ReadInt32()` the old offset is taken before
                        // the read advances it, which would skip back over the count.
                        var targets = il.ReadInt32();
                        il.Offset += checked(4 * targets);
                        break;
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType:
                        AddEntity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        throw new BadImageFormatException($"Unexpected operand type {operand}.");
                }
            }
        }

        private void AddGenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameterHandle in parameters)
            {
                var parameter = reader.GetGenericParameter(parameterHandle);
                AddAttributes(parameter.GetCustomAttributes());
                foreach (var constraintHandle in parameter.GetConstraints())
                {
                    AddEntity(reader.GetGenericParameterConstraint(constraintHandle).Type);
                }
            }
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attributeHandle in attributes)
            {
                var attribute = reader.GetCustomAttribute(attributeHandle);
                AddEntity(attribute.Constructor);
                try
                {
                    var value = attribute.DecodeValue(collector);
                    value.FixedArguments.ToList().ForEach(a => AddAttributeArgument(a.Type, a.Value));
                    value.NamedArguments.ToList().ForEach(a => AddAttributeArgument(a.Type, a.Value));
                }
                catch (NotSupportedException)
                {
                    // An argument of an external enum type: its size is unknown here, so the blob cannot be read on;
                    // the attribute's own type is still recorded above.
                }
            }
        }

        private void AddAttributeArgument(SignatureTypes type, object? value)
        {
            Add(type);
            switch (value)
            {
                case SignatureTypes typeArgument:
                    Add(typeArgument);
                    break;
                case IEnumerable<CustomAttributeTypedArgument<SignatureTypes>> elements:
                    foreach (var element in elements)
                    {
                        AddAttributeArgument(element.Type, element.Value);
                    }

                    break;
            }
        }

        private void Add(SignatureTypes types) => used.UnionWith(types.Definitions);

        private void AddEntity(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeReference:
                    Add(collector.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0));
                    break;
                case HandleKind.TypeSpecification:
                    Add(collector.GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0));
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    AddEntity(reader.GetMemberReference((MemberReferenceHandle)handle).Parent);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddEntity(specification.Method);
                    specification.DecodeSignature(collector, null).ToList().ForEach(Add);
                    break;
                case HandleKind.StandaloneSignature:
                    var standalone = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (standalone.GetKind() == StandaloneSignatureKind.LocalVariables)
                    {
                        standalone.DecodeLocalSignature(collector, null).ToList().ForEach(Add);
                    }
                    else
                    {
                        var signature = standalone.DecodeMethodSignature(collector, null);
                        Add(signature.ReturnType);
                        signature.ParameterTypes.ToList().ForEach(Add);
                    }

                    break;
                case HandleKind.ModuleReference or HandleKind.ModuleDefinition:
                    break;
                default:
                    throw new BadImageFormatException($"Unexpected token kind {handle.Kind}.");
            }
        }
    }
}
