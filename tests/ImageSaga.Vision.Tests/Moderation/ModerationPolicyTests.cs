using ImageSaga.Vision.Models;
using ImageSaga.Vision.Moderation;

namespace ImageSaga.Vision.Tests.Moderation;

/// <summary>The flagging policy on hand-made probability tables, without the model.</summary>
public sealed class ModerationPolicyTests
{
    static readonly ModerationOptions Default = new();

    static Dictionary<string, float> Table(float drawing = 0, float hentai = 0, float porn = 0, float sexy = 0) => new()
    {
        ["Drawing"] = drawing,
        ["Hentai"] = hentai,
        ["Neutral"] = 1f - drawing - hentai - porn - sexy,
        ["Porn"] = porn,
        ["Sexy"] = sexy,
    };

    [Fact]
    public void Flags_when_porn_and_hentai_together_pass_the_threshold()
    {
        var (flagged, reason) = ContentModerator.ApplyPolicy(Table(porn: 0.5f, hentai: 0.25f), Default);

        flagged.ShouldBeTrue();
        reason.ShouldBe("porn+hentai 0.75 > 0.70");
    }

    [Fact]
    public void Flags_a_sexy_score_above_its_threshold()
    {
        var (flagged, reason) = ContentModerator.ApplyPolicy(Table(sexy: 0.85f), Default);

        flagged.ShouldBeTrue();
        reason.ShouldBe("sexy 0.85 > 0.80");
    }

    [Fact]
    public void Names_both_rules_when_both_fire()
    {
        var policy = new ModerationOptions { PornPlusHentaiAbove = 0.1f, SexyAbove = 0.1f };

        var (flagged, reason) = ContentModerator.ApplyPolicy(Table(porn: 0.3f, sexy: 0.4f), policy);

        flagged.ShouldBeTrue();
        reason.ShouldBe("porn+hentai 0.30 > 0.10; sexy 0.40 > 0.10");
    }

    [Fact]
    public void Does_not_flag_when_no_single_rule_passes_although_explicit_labels_dominate()
    {
        var (flagged, reason) = ContentModerator.ApplyPolicy(Table(porn: 0.4f, hentai: 0.2f, sexy: 0.3f), Default);

        flagged.ShouldBeFalse();
        reason.ShouldBeNull();
    }

    [Fact]
    public void Flags_with_a_lowered_sexy_threshold()
    {
        var table = Table(porn: 0.4f, hentai: 0.2f, sexy: 0.3f);

        var (flagged, reason) = ContentModerator.ApplyPolicy(table, new ModerationOptions { SexyAbove = 0.25f });

        flagged.ShouldBeTrue();
        reason.ShouldBe("sexy 0.30 > 0.25");
    }

    [Fact]
    public void Flags_with_a_lowered_porn_plus_hentai_threshold()
    {
        var table = Table(porn: 0.4f, hentai: 0.2f, sexy: 0.3f);

        var (flagged, reason) = ContentModerator.ApplyPolicy(table, new ModerationOptions { PornPlusHentaiAbove = 0.5f });

        flagged.ShouldBeTrue();
        reason.ShouldBe("porn+hentai 0.60 > 0.50");
    }

    [Fact]
    public void Does_not_flag_a_value_exactly_at_the_threshold()
    {
        var (flagged, _) = ContentModerator.ApplyPolicy(Table(sexy: 0.5f), new ModerationOptions { SexyAbove = 0.5f });

        flagged.ShouldBeFalse();
    }

    [Fact]
    public void Treats_a_missing_label_as_zero()
    {
        var (flagged, _) = ContentModerator.ApplyPolicy(new Dictionary<string, float> { ["Neutral"] = 1f }, Default);

        flagged.ShouldBeFalse();
    }
}
