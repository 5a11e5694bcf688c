using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Syncthing.Engine.Tests;

/// <summary>
/// What a decoded signature mentions: the type definitions of the assembly under inspection (directly or inside
/// generic arguments, arrays, pointers, modifiers) and, for a lone external type, its name.
/// </summary>
internal readonly record struct SignatureTypes(ImmutableArray<TypeDefinitionHandle> Definitions, string? ExternalName)
{
    public static SignatureTypes None { get; } = new([], null);

    public static SignatureTypes Concat(IEnumerable<SignatureTypes> parts) =>
        new([.. parts.SelectMany(p => p.Definitions)], null);
}

/// <summary>
/// Decodes signatures (fields, methods, locals, type specs, method specs, attribute blobs) into the assembly's own
/// type definitions they mention. Types from other assemblies are irrelevant to layering and are dropped.
/// </summary>
internal sealed class SignatureTypeCollector(MetadataReader reader, IReadOnlyDictionary<string, TypeDefinitionHandle> byFullName)
    : ISignatureTypeProvider<SignatureTypes, object?>, ICustomAttributeTypeProvider<SignatureTypes>
{
    public SignatureTypes GetArrayType(SignatureTypes elementType, ArrayShape shape) => elementType with { ExternalName = null };

    public SignatureTypes GetByReferenceType(SignatureTypes elementType) => elementType with { ExternalName = null };

    public SignatureTypes GetPointerType(SignatureTypes elementType) => elementType with { ExternalName = null };

    public SignatureTypes GetPinnedType(SignatureTypes elementType) => elementType with { ExternalName = null };

    public SignatureTypes GetSZArrayType(SignatureTypes elementType) => elementType with { ExternalName = null };

    public SignatureTypes GetFunctionPointerType(MethodSignature<SignatureTypes> signature) =>
        SignatureTypes.Concat(signature.ParameterTypes.Prepend(signature.ReturnType));

    public SignatureTypes GetGenericInstantiation(SignatureTypes genericType, ImmutableArray<SignatureTypes> typeArguments) =>
        SignatureTypes.Concat(typeArguments.Prepend(genericType));

    public SignatureTypes GetGenericMethodParameter(object? genericContext, int index) => SignatureTypes.None;

    public SignatureTypes GetGenericTypeParameter(object? genericContext, int index) => SignatureTypes.None;

    public SignatureTypes GetModifiedType(SignatureTypes modifier, SignatureTypes unmodifiedType, bool isRequired) =>
        SignatureTypes.Concat([modifier, unmodifiedType]);

    public SignatureTypes GetPrimitiveType(PrimitiveTypeCode typeCode) => SignatureTypes.None;

    public SignatureTypes GetTypeFromDefinition(MetadataReader metadataReader, TypeDefinitionHandle handle, byte rawTypeKind) =>
        new([handle], null);

    public SignatureTypes GetTypeFromReference(MetadataReader metadataReader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var own = ResolveOwnReference(handle);
        if (own is { } definition)
        {
            return new([definition], null);
        }

        var reference = reader.GetTypeReference(handle);
        return new([], $"{reader.GetString(reference.Namespace)}.{reader.GetString(reference.Name)}");
    }

    public SignatureTypes GetTypeFromSpecification(MetadataReader metadataReader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext) with { ExternalName = null };

    // Attribute blobs: typeof(X) arguments arrive as serialized names.
    public SignatureTypes GetSystemType() => new([], "System.Type");

    public bool IsSystemType(SignatureTypes type) => type.ExternalName == "System.Type";

    public SignatureTypes GetTypeFromSerializedName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        var typeName = comma < 0 ? name : name[..comma].Trim();
        return byFullName.TryGetValue(typeName, out var handle) ? new([handle], null) : SignatureTypes.None;
    }

    public PrimitiveTypeCode GetUnderlyingEnumType(SignatureTypes type)
    {
        // Only the assembly's own enums can be inspected; an external enum argument makes the caller fall back to
        // the attribute's type alone.
        if (type.Definitions.Length != 1)
        {
            throw new NotSupportedException($"Underlying type of external enum {type.ExternalName} is unknown.");
        }

        foreach (var fieldHandle in reader.GetTypeDefinition(type.Definitions[0]).GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            if ((field.Attributes & System.Reflection.FieldAttributes.Static) == 0)
            {
                var blob = reader.GetBlobReader(field.Signature);
                blob.ReadSignatureHeader();
                return (PrimitiveTypeCode)blob.ReadCompressedInteger();
            }
        }

        throw new BadImageFormatException("Enum without an instance field.");
    }

    /// <summary>A type reference that points back into this module (compilers rarely emit one, but it is legal).</summary>
    private TypeDefinitionHandle? ResolveOwnReference(TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var scope = reference.ResolutionScope;
        var name = reader.GetString(reference.Name);
        if (scope.Kind == HandleKind.ModuleDefinition || scope.IsNil)
        {
            var ns = reader.GetString(reference.Namespace);
            return byFullName.TryGetValue(ns.Length == 0 ? name : $"{ns}.{name}", out var definition) ? definition : null;
        }

        if (scope.Kind == HandleKind.TypeReference && ResolveOwnReference((TypeReferenceHandle)scope) is { } outer)
        {
            return byFullName.TryGetValue($"{FullName(reader, outer)}+{name}", out var nested) ? nested : null;
        }

        return null;
    }

    /// <summary>Namespace.Name, with '+' before nested type names (the reflection spelling).</summary>
    public static string FullName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return $"{FullName(reader, declaring)}+{name}";
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>The namespace of the outermost declaring type (nested types have none of their own).</summary>
    public static string NamespaceOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (!type.GetDeclaringType().IsNil)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        return reader.GetString(type.Namespace);
    }
}
