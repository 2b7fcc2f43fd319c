namespace ImageSaga.Enrichment.Insights;

/// <summary>
/// Maps fine-grained ImageNet classes (the classifier's short names, models/imagenet_labels.txt up to the first comma)
/// to a general category. People search, follow interests and count streaks by "dog", not by "Border collie", and the
/// classifier rarely agrees with itself on a breed from one photo to the next.
/// </summary>
/// <remarks>
/// Every category is spelled as the COCO detector's label (models/coco_labels.txt), so a derived "dog" merges with a
/// detected "dog" into one tag. The list is deliberately small: only groups whose general name is unambiguous.
/// Classes that already carry their general name (pizza, banana, zebra, laptop) need no entry.
/// </remarks>
internal static class LabelVocabulary
{
    // ImageNet 151..268: every dog breed (plus "Mexican hairless").
    private static readonly string[] DogBreeds =
    [
        "Chihuahua", "Japanese spaniel", "Maltese dog", "Pekinese", "Shih-Tzu", "Blenheim spaniel", "papillon",
        "toy terrier", "Rhodesian ridgeback", "Afghan hound", "basset", "beagle", "bloodhound", "bluetick",
        "black-and-tan coonhound", "Walker hound", "English foxhound", "redbone", "borzoi", "Irish wolfhound",
        "Italian greyhound", "whippet", "Ibizan hound", "Norwegian elkhound", "otterhound", "Saluki", "Scottish deerhound",
        "Weimaraner", "Staffordshire bullterrier", "American Staffordshire terrier", "Bedlington terrier", "Border terrier",
        "Kerry blue terrier", "Irish terrier", "Norfolk terrier", "Norwich terrier", "Yorkshire terrier",
        "wire-haired fox terrier", "Lakeland terrier", "Sealyham terrier", "Airedale", "cairn", "Australian terrier",
        "Dandie Dinmont", "Boston bull", "miniature schnauzer", "giant schnauzer", "standard schnauzer", "Scotch terrier",
        "Tibetan terrier", "silky terrier", "soft-coated wheaten terrier", "West Highland white terrier", "Lhasa",
        "flat-coated retriever", "curly-coated retriever", "golden retriever", "Labrador retriever",
        "Chesapeake Bay retriever", "German short-haired pointer", "vizsla", "English setter", "Irish setter",
        "Gordon setter", "Brittany spaniel", "clumber", "English springer", "Welsh springer spaniel", "cocker spaniel",
        "Sussex spaniel", "Irish water spaniel", "kuvasz", "schipperke", "groenendael", "malinois", "briard", "kelpie",
        "komondor", "Old English sheepdog", "Shetland sheepdog", "collie", "Border collie", "Bouvier des Flandres",
        "Rottweiler", "German shepherd", "Doberman", "miniature pinscher", "Greater Swiss Mountain dog",
        "Bernese mountain dog", "Appenzeller", "EntleBucher", "boxer", "bull mastiff", "Tibetan mastiff",
        "French bulldog", "Great Dane", "Saint Bernard", "Eskimo dog", "malamute", "Siberian husky", "dalmatian",
        "affenpinscher", "basenji", "pug", "Leonberg", "Newfoundland", "Great Pyrenees", "Samoyed", "Pomeranian", "chow",
        "keeshond", "Brabancon griffon", "Pembroke", "Cardigan", "toy poodle", "miniature poodle", "standard poodle",
        "Mexican hairless",
    ];

    private static readonly (string Category, string[] Classes)[] Groups =
    [
        ("dog", DogBreeds),
        // Domestic cats only: lynx, leopard, lion and the other big cats are not what "cat" means to a user.
        ("cat", ["tabby", "tiger cat", "Persian cat", "Siamese cat", "Egyptian cat"]),
        ("elephant", ["Indian elephant", "African elephant", "tusker"]),
        // ImageNet has one horse class, named after a coat colour.
        ("horse", ["sorrel"]),
        ("bear", ["brown bear", "American black bear", "ice bear", "sloth bear"]),
        ("cow", ["ox"]),
        ("sheep", ["ram"]),
        ("car", ["sports car", "convertible", "cab", "limousine", "minivan", "jeep", "racer", "beach wagon", "Model T"]),
        ("bus", ["school bus", "trolleybus", "minibus"]),
        ("truck", ["pickup", "trailer truck", "garbage truck", "fire engine", "tow truck", "moving van"]),
        ("airplane", ["airliner", "warplane"]),
        ("bicycle", ["mountain bike", "bicycle-built-for-two"]),
        ("boat", ["speedboat", "canoe", "container ship", "liner", "fireboat", "lifeboat", "schooner", "catamaran"]),
        ("clock", ["analog clock", "digital clock", "wall clock"]),
        // Same thing, different spelling in the two label sets.
        ("hot dog", ["hotdog"]),
        ("cell phone", ["cellular telephone"]),
        ("teddy bear", ["teddy"]),
        ("apple", ["Granny Smith"]),
    ];

    // ImageNet spells the corgi "Cardigan" and the sweater "cardigan": only an exact match may map to "dog".
    private static readonly HashSet<string> CaseSensitiveClasses = new(StringComparer.OrdinalIgnoreCase) { "Cardigan" };

    private static readonly Dictionary<string, string> ExactCategory = Groups
        .SelectMany(group => group.Classes.Select(name => (name, group.Category)))
        .ToDictionary(entry => entry.name, entry => entry.Category, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> CategoryIgnoringCase = Groups
        .SelectMany(group => group.Classes.Select(name => (name, group.Category)))
        .Where(entry => !CaseSensitiveClasses.Contains(entry.name))
        .ToDictionary(entry => entry.name, entry => entry.Category, StringComparer.OrdinalIgnoreCase);

    /// <summary>The general category of an ImageNet class, e.g. "golden retriever" → "dog"; null when it has none.</summary>
    public static string? GeneralCategoryOf(string classLabel)
    {
        var name = LabelText.Clean(classLabel);
        return ExactCategory.TryGetValue(name, out var category) || CategoryIgnoringCase.TryGetValue(name, out category)
            ? category
            : null;
    }
}
