using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentMatch.Web.Features.Matching;

/// <summary>
/// Serialisation code generated at build time for a person's match list, the largest and most requested answer:
/// no reflection over its types at run time. The web defaults match the API's camelCase names.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(RecommendOpenings.Response))]
partial class MatchingJson : JsonSerializerContext;
