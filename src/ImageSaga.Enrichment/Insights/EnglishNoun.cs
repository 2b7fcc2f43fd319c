using System.Globalization;

namespace ImageSaga.Enrichment.Insights;

/// <summary>Just enough English to name labels in a sentence: "a dog", "an elephant", "3 people", "2 buses".</summary>
internal static class EnglishNoun
{
    // Last words whose plural no suffix rule gets right; labels are pluralised on their last word ("dining tables").
    private static readonly Dictionary<string, string> IrregularPlurals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["person"] = "people",
        ["man"] = "men",
        ["woman"] = "women",
        ["child"] = "children",
        ["mouse"] = "mice",
        ["goose"] = "geese",
        ["tooth"] = "teeth",
        ["foot"] = "feet",
        ["sheep"] = "sheep",
        ["fish"] = "fish",
        ["deer"] = "deer",
        ["moose"] = "moose",
        ["ox"] = "oxen",
        ["knife"] = "knives",
        ["wife"] = "wives",
        ["leaf"] = "leaves",
        ["loaf"] = "loaves",
        ["wolf"] = "wolves",
        ["shelf"] = "shelves",
        ["tomato"] = "tomatoes",
        ["potato"] = "potatoes",
    };

    // Things named in the plural (COCO's "skis", "scissors"): one of them is "a pair of …".
    private static readonly HashSet<string> PairNouns = new(StringComparer.OrdinalIgnoreCase)
    {
        "skis", "scissors", "glasses", "sunglasses", "binoculars", "jeans", "trousers", "pants", "shorts", "tongs",
    };

    // Spelling and sound disagree at the start of these words.
    private static readonly string[] VowelLettersWithConsonantSound = ["uni", "use", "usu", "uk", "eu", "ewe", "one", "once"];
    private static readonly string[] ConsonantLettersWithVowelSound = ["hour", "honest", "honour", "honor", "heir"];

    /// <summary>"a dog", "an elephant", "a pair of skis".</summary>
    public static string WithArticle(string noun)
    {
        if (PairNouns.Contains(LastWord(noun)))
            return $"a pair of {noun}";
        return $"{ArticleFor(noun)} {noun}";
    }

    /// <summary>"a dog" for one, "3 dogs" for more.</summary>
    public static string Counted(string noun, int count)
    {
        if (count <= 1)
            return WithArticle(noun);
        if (PairNouns.Contains(LastWord(noun)))
            return $"{count.ToString(CultureInfo.InvariantCulture)} pairs of {noun}";
        return $"{count.ToString(CultureInfo.InvariantCulture)} {Plural(noun)}";
    }

    /// <summary>The plural, changing only the last word: "person" → "people", "wine glass" → "wine glasses".</summary>
    public static string Plural(string noun)
    {
        if (noun.Length == 0)
            return noun;

        var split = noun.LastIndexOf(' ');
        var head = split < 0 ? "" : noun[..(split + 1)];
        var last = split < 0 ? noun : noun[(split + 1)..];
        return head + PluralOfWord(last);
    }

    private static string PluralOfWord(string word)
    {
        if (word.Length == 0 || PairNouns.Contains(word))
            return word;
        if (IrregularPlurals.TryGetValue(word, out var irregular))
            return MatchFirstLetterCase(word, irregular);

        if (word.EndsWith('s') || word.EndsWith('x') || word.EndsWith('z')
            || word.EndsWith("ch", StringComparison.OrdinalIgnoreCase) || word.EndsWith("sh", StringComparison.OrdinalIgnoreCase))
            return word + "es";

        // "puppy" → "puppies", but "monkey" → "monkeys".
        if (word.Length > 1 && word[^1] is 'y' && !IsVowel(word[^2]))
            return word[..^1] + "ies";

        return word + "s";
    }

    private static string ArticleFor(string noun)
    {
        if (noun.Length == 0)
            return "a";
        if (char.IsDigit(noun[0]))
            return "a";
        if (ConsonantLettersWithVowelSound.Any(prefix => noun.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            return "an";
        if (VowelLettersWithConsonantSound.Any(prefix => noun.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            return "a";
        return IsVowel(noun[0]) ? "an" : "a";
    }

    private static bool IsVowel(char letter) => "aeiouAEIOU".Contains(letter, StringComparison.Ordinal);

    private static string LastWord(string noun)
    {
        var split = noun.LastIndexOf(' ');
        return split < 0 ? noun : noun[(split + 1)..];
    }

    private static string MatchFirstLetterCase(string original, string replacement) =>
        char.IsUpper(original[0]) ? char.ToUpperInvariant(replacement[0]) + replacement[1..] : replacement;
}
