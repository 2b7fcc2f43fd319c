using System.Globalization;

namespace ImageSaga.Enrichment.Insights;

/// <summary>English ordinals: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th.</summary>
internal static class Ordinal
{
    public static string Of(int number)
    {
        var text = number.ToString(CultureInfo.InvariantCulture);
        var lastTwo = Math.Abs(number % 100);
        if (lastTwo is 11 or 12 or 13)
            return text + "th";

        return (Math.Abs(number % 10)) switch
        {
            1 => text + "st",
            2 => text + "nd",
            3 => text + "rd",
            _ => text + "th",
        };
    }
}
