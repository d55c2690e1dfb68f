using DualHub.Hub.PrometheusConfig;
using static DualHub.Hub.Tests.Relabel.RelabelRules;

namespace DualHub.Hub.Tests.Relabel;

/// <summary>The cases of Prometheus' model/relabel/relabel_test.go (TestRelabel), as YAML configs.</summary>
public sealed class RelabelerTests
{
    private static readonly (string, string)[] Abc = [("a", "foo"), ("b", "bar"), ("c", "baz")];
    private static readonly (string, string)[] Ports = [("__tmp_port", "1234"), ("__port1", "1234"), ("__port2", "5678")];

    [Theory]
    [InlineData("- {source_labels: [a], regex: 'f(.*)', target_label: d, separator: ';', replacement: 'ch${1}-ch${1}'}", "a=foo,b=bar,c=baz,d=choo-choo")]
    [InlineData("- {source_labels: [a, b], regex: 'f(.*);(.*)r', target_label: a, replacement: 'b${1}${2}m'}\n- {source_labels: [c, a], regex: '(b).*b(.*)ba(.*)', target_label: d, replacement: '$1$2$2$3'}", "a=boobam,b=bar,c=baz,d=boooom")]
    [InlineData("- {source_labels: [a], regex: '.*o.*', action: drop}\n- {source_labels: [a], regex: 'f(.*)', target_label: d, replacement: 'ch$1-ch$1'}", null)]
    [InlineData("- {source_labels: [a], regex: no-match, action: drop}", "a=foo,b=bar,c=baz")]
    [InlineData("- {source_labels: [a], regex: 'f|o', action: drop}", "a=foo,b=bar,c=baz")]
    [InlineData("- {source_labels: [a], regex: no-match, action: keep}", null)]
    [InlineData("- {source_labels: [a], regex: 'f.*', action: keep}", "a=foo,b=bar,c=baz")]
    [InlineData("- {source_labels: [a], regex: f, target_label: b, replacement: bar}", "a=foo,b=bar,c=baz")]
    [InlineData("- {source_labels: [c], target_label: d, action: hashmod, modulus: 1000}", "a=foo,b=bar,c=baz,d=976")]
    [InlineData("- {regex: '(b.*)', replacement: 'bar_${1}', action: labelmap}", "a=foo,b=bar,bar_b=bar,c=baz")]
    [InlineData("- {regex: '(b.*)', action: labelkeep}", "b=bar")]
    [InlineData("- {regex: '(b.*)', action: labeldrop}", "a=foo,c=baz")]
    [InlineData("- {source_labels: [a], action: uppercase, target_label: a_up}\n- {source_labels: [b], action: lowercase, target_label: b_low}", "a=foo,a_up=FOO,b=bar,b_low=bar,c=baz")]
    public void Prometheus_relabel_cases_on_a_foo_b_bar_c_baz(string rules, string? expected) =>
        Assert.Equal(expected, Apply(Parse(rules), Abc));

    [Fact]
    public void A_value_with_a_newline_hashes_as_prometheus_does() =>
        Assert.Equal("a=foo\nbar,b=734", Apply(Parse("- {source_labels: [a], target_label: b, action: hashmod, modulus: 1000}"), ("a", "foo\nbar")));

    [Fact]
    public void Replace_writes_only_on_a_match_of_the_whole_value() =>
        Assert.Equal("a=abc,d=b", Apply(Parse("- {source_labels: [a], regex: '.*(b).*', target_label: d, replacement: '$1'}"), ("a", "abc")));

    [Fact]
    public void Labelmap_copies_meta_labels_under_their_captured_names() =>
        Assert.Equal(
            "__meta_my_bar=aaa,__meta_my_baz=bbb,__meta_other=ccc,a=foo,my_bar=aaa,my_baz=bbb",
            Apply(Parse("- {regex: '__meta_(my.*)', replacement: '${1}', action: labelmap}"), ("a", "foo"), ("__meta_my_bar", "aaa"), ("__meta_my_baz", "bbb"), ("__meta_other", "ccc")));

    [Theory]
    [InlineData("'${2}'", "'${1}'", "a=some-name-value,name=value")]
    [InlineData("'${3}'", "'${1}'", "a=some-name-value")]
    [InlineData("'${1}'", "'${3}'", "a=some-name-value")]
    public void Templated_target_labels_and_empty_or_invalid_results_as_prometheus(string replacement, string target, string expected) =>
        Assert.Equal(expected, Apply(Parse($"- {{source_labels: [a], regex: 'some-([^-]+)-([^,]+)', replacement: {replacement}, target_label: {target}}}"), ("a", "some-name-value")));

    [Fact]
    public void The_real_life_sd_tags_case()
    {
        var rules = Parse("""
            - {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)path:(/[^,]+).*', replacement: '${1}', target_label: __metrics_path__}
            - {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)job:([^,]+).*', replacement: '${1}', target_label: job}
            - {source_labels: [__meta_sd_tags], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', replacement: '${2}', target_label: '${1}'}
            """);

        Assert.Equal(
            "__meta_sd_tags=path:/secret,job:some-job,label:foo=bar,__metrics_path__=/secret,foo=bar,job=some-job",
            Apply(rules, ("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar")));
    }

    [Fact]
    public void Prometheus_issue_12283_labeldrop_then_replace_then_keep()
    {
        var rules = Parse("""
            - {regex: '^__meta_kubernetes_pod_container_port_name$', action: labeldrop}
            - {source_labels: [__meta_kubernetes_pod_annotation_XXX_metrics_port], regex: '(.+)', replacement: metrics, target_label: __meta_kubernetes_pod_container_port_name}
            - {source_labels: [__meta_kubernetes_pod_container_port_name], regex: '^metrics$', action: keep}
            """);

        Assert.Equal(
            "__meta_kubernetes_pod_annotation_XXX_metrics_port=9091,__meta_kubernetes_pod_container_port_name=metrics",
            Apply(rules, ("__meta_kubernetes_pod_container_port_name", "foo"), ("__meta_kubernetes_pod_annotation_XXX_metrics_port", "9091")));
    }

    [Theory]
    [InlineData("keepequal", "__port1", true)]
    [InlineData("dropequal", "__port1", false)]
    [InlineData("dropequal", "__port2", true)]
    [InlineData("keepequal", "__port2", false)]
    public void Keepequal_and_dropequal_compare_the_source_with_the_target_label(string action, string target, bool kept) =>
        Assert.Equal(kept, Apply(Parse($"- {{source_labels: [__tmp_port], action: {action}, target_label: {target}}}"), Ports) is not null);

    [Fact]
    public void Defaults_are_replace_of_the_joined_sources_with_dollar_1_and_an_empty_source_sets_the_replacement()
    {
        Assert.Equal("a=foo,b=bar,c=baz,t=foo;bar", Apply(Parse("- {source_labels: [a, b], target_label: t}"), Abc));
        Assert.Equal("a=foo,b=bar,c=baz,t=x", Apply(Parse("- {target_label: t, replacement: x}"), Abc));
        Assert.Equal("b=bar,c=baz", Apply(Parse("- {source_labels: [nothing], target_label: a}"), Abc));
    }

    [Theory]
    [InlineData("- {action: replace}", "requires 'target_label' value")]
    [InlineData("- {action: lowercase}", "requires 'target_label' value")]
    [InlineData("- {action: lowercase, target_label: '${3}'}", "\"${3}\" is invalid 'target_label'")]
    [InlineData("- {source_labels: [a], regex: 'x(.*)', replacement: '${1}', target_label: '0${3}'}", "\"0${3}\" is invalid 'target_label'")]
    [InlineData("- {source_labels: [a], regex: 'x(.*)', replacement: '${1}', target_label: '-${3}'}", "\"-${3}\" is invalid 'target_label' for replace action")]
    // Found by fuzzing: Prometheus' target_label regex, nested loops, backtracked for ever on a long invalid name.
    [InlineData("- {source_labels: [a], target_label: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\u00e9aa$1'}", "is invalid 'target_label' for replace action")]
    [InlineData("- {source_labels: [a], target_label: \"t$1\\n\"}", "is invalid 'target_label' for replace action")]
    [InlineData("- {action: hashmod, target_label: t}", "requires non-zero modulus")]
    [InlineData("- {action: explode, target_label: t}", "unknown relabel action \"explode\"")]
    [InlineData("- {regex: '(', target_label: t}", "is not a valid regular expression")]
    [InlineData("- {action: labeldrop, source_labels: [a]}", "requires only 'regex'")]
    [InlineData("- {action: keepequal, target_label: t, regex: 'a'}", "requires only 'source_labels'")]
    [InlineData("- {action: uppercase, target_label: t, replacement: x}", "'replacement' can not be set")]
    [InlineData("- {action: labelmap, replacement: '-x'}", "is invalid 'replacement' for labelmap")]
    [InlineData("- {target_label: t, color: red}", "unknown key 'color'")]
    public void Invalid_rules_are_config_errors_naming_file_and_line(string rules, string reason)
    {
        var ex = Assert.Throws<PrometheusConfigException>(() => Parse(rules));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("relabel.yml:4:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Actions_are_case_insensitive_as_in_prometheus() =>
        Assert.Null(Apply(Parse("- {source_labels: [a], regex: foo, action: DROP}"), Abc));
}
