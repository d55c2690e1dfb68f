using DualHub.Hub.Options;

namespace DualHub.Hub.Tests.Options;

public sealed class HubConfigLoaderTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("|")]
    [InlineData("\"\u00A9\t\"")]
    public void A_document_that_is_not_a_mapping_is_a_config_error(string yaml)
    {
        // Found by fuzzing: the deserializer handed back the scalar and the cast threw InvalidCastException.
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse(yaml, "hub.yml"));

        Assert.Equal("hub.yml: the top level must be a mapping", ex.Message);
    }

    [Theory]
    [InlineData("%TAG ! %\n--- a: 1")]
    [InlineData("&\u0080\u007F\0\u0001\0")]
    [InlineData("d:T0\u0080")]
    public void Yaml_the_parser_fails_on_without_a_YamlException_is_still_a_config_error(string yaml)
    {
        Assert.StartsWith("hub.yml", Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse(yaml, "hub.yml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_every_section()
    {
        var o = HubConfigLoader.Parse("""
            role: edge
            listen: 127.0.0.1:9999
            data_dir: /tmp/x
            enable_admin_api: true
            enable_lifecycle: true
            ttl: 5m
            auth:
              bearer_token: s3cret
            limits:
              max_body_bytes: 1000
              max_series_total: 10
            journal:
              synchronous: normal
              compact_interval: 1m30s
            """);
        Assert.Equal(HubRole.Edge, o.Role);
        Assert.Equal("127.0.0.1:9999", o.EffectiveListen);
        Assert.True(o.EnableAdminApi && o.EnableLifecycle);
        Assert.Equal(TimeSpan.FromMinutes(5), o.Ttl);
        Assert.True(o.Auth.Enabled);
        Assert.Equal(1000, o.Limits.MaxBodyBytes);
        Assert.Equal(64, o.Limits.MaxLabelsPerSeries);
        Assert.Equal(TimeSpan.FromSeconds(90), o.Journal.CompactInterval);
    }

    [Fact]
    public void Query_section_names_the_store_and_has_prometheus_defaults()
    {
        Assert.False(HubConfigLoader.Parse("role: central\n").Query.Enabled);

        var o = HubConfigLoader.Parse("role: central\nquery:\n  url: http://vmselect:8481/select/0/prometheus\n");
        Assert.True(o.Query.Enabled);
        Assert.Equal(new Uri("http://vmselect:8481/select/0/prometheus"), o.Query.Url);
        Assert.Equal((TimeSpan.FromMinutes(2), 20), (o.Query.Timeout, o.Query.MaxConcurrent));
        Assert.Empty(o.Prometheus.Warnings);

        o = HubConfigLoader.Parse("query:\n  url: https://store:8428\n  timeout: 30s\n  max_concurrent: 4\n");
        Assert.Equal((TimeSpan.FromSeconds(30), 4), (o.Query.Timeout, o.Query.MaxConcurrent));
    }

    [Theory]
    [InlineData("colour: red\n", "unknown key 'colour'")]
    [InlineData("role: hub\n", "role: 'hub' is not one of")]
    [InlineData("ttl: soon\n", "ttl: 'soon' is not a duration")]
    [InlineData("limits:\n  max_body_bytes: 0\n", "limits.max_body_bytes: must be positive")]
    [InlineData("limits:\n  max_label_name_length: x\n", "config:2")]
    [InlineData("listen: nowhere\n", "listen: 'nowhere' is not HOST:PORT")]
    [InlineData("auth:\n  username: u\n", "auth.password: required")]
    [InlineData("journal:\n  synchronous: off\n", "journal.synchronous")]
    [InlineData("query:\n  timeout: 1m\n", "query.url: required")]
    [InlineData("query:\n  url: ftp://store\n", "query.url: 'ftp://store' is not an http(s) URL")]
    [InlineData("query:\n  url: http://store:8428/?x=1\n", "query.url: 'http://store:8428/?x=1' is not an http(s) URL without query or fragment")]
    [InlineData("query:\n  url: /api\n", "query.url: '/api' is not")]
    [InlineData("query:\n  url: http://s\n  timeout: soon\n", "query.timeout: 'soon' is not a duration")]
    [InlineData("query:\n  url: http://s\n  timeout: 0s\n", "query.timeout: must be positive")]
    [InlineData("query:\n  url: http://s\n  max_concurrent: 0\n", "query.max_concurrent: must be positive")]
    [InlineData("query:\n  url: http://s\n  colour: red\n", "unknown key 'colour'")]
    public void Errors_name_the_key(string yaml, string expected)
    {
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse(yaml));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Overrides_replace_the_files_values_before_the_defaults_and_the_checks()
    {
        var document = HubConfigLoader.Read("role: central\ndata_dir: /var/lib/hub\nnats:\n  url: nats://127.0.0.1:4223\n", "hub.yml");
        var o = HubConfigLoader.Resolve(document, new HubOverrides { Role = HubRole.Edge, DataDir = "/tmp/edge", NatsNode = "pc2" });

        Assert.Equal(HubRole.Edge, o.Role);
        Assert.Equal("0.0.0.0:9100", o.EffectiveListen);
        Assert.True(o.Nats.Publishes);
        Assert.False(o.Nats.Consumes);
        Assert.Equal("pc2", o.Nats.Node);
        Assert.Equal(Path.Combine("/tmp/edge", "samples.db"), o.Prometheus.SampleJournal.Path);
        Assert.Equal("/var/lib/hub", HubConfigLoader.Resolve(document).DataDir);

        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Resolve(document, new HubOverrides { Listen = "nowhere" }));
        Assert.Equal("listen: 'nowhere' is not HOST:PORT", ex.Message);
    }

    [Fact]
    public void Secrets_stay_out_of_the_options_text()
    {
        var o = HubConfigLoader.Parse("""
            auth:
              username: u
              password: pw-secret
            remote_write:
              - url: http://127.0.0.1:9000/api/v1/write
                bearer_token: rw-secret
                headers: { X-Api-Key: header-secret }
            scrape_configs:
              - job_name: a
                basic_auth: { username: u, password: scrape-secret }
                static_configs: [{ targets: ['127.0.0.1:9100'] }]
            """);
        var text = string.Join('\n', o.ToString(), o.Prometheus.RemoteWrite[0].ToString(), o.Prometheus.ScrapeConfigs[0].ToString(), o.Prometheus.ScrapeConfigs[0].BasicAuth!.ToString());

        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("Username = u", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_picks_the_default_port()
    {
        Assert.Equal("0.0.0.0:9091", new HubOptions().EffectiveListen);
        Assert.Equal("0.0.0.0:9000", new HubOptions { Role = HubRole.Central }.EffectiveListen);
        Assert.Equal("0.0.0.0:9100", new HubOptions { Role = HubRole.Edge }.EffectiveListen);
    }

    [Fact]
    public void Nats_user_password_file_and_tls_config_give_the_hubs_nats_credentials_and_a_missing_password_file_is_named()
    {
        var dir = Directory.CreateTempSubdirectory("dualhub-natsauth-");
        try
        {
            var pass = Path.Combine(dir.FullName, "nats.pass");
            File.WriteAllText(pass, "secret\n");
            var yaml = $"role: edge\ndata_dir: /tmp/e\nnats:\n  url: tls://127.0.0.1:4222\n  node: pc2\n  user: dualhub\n  password_file: {pass}\n  tls_config:\n    ca_file: {pass}\n";

            var o = HubConfigLoader.Resolve(HubConfigLoader.Read(yaml, "hub.yml"), new HubOverrides());

            Assert.Equal("dualhub", o.Nats.Auth!.User);
            Assert.Equal(pass, o.Nats.Auth.PasswordFile);
            Assert.Equal(pass, o.Nats.Auth.Tls!.CaFile);
            var missing = Assert.Throws<HubConfigException>(() => HubConfigLoader.Resolve(HubConfigLoader.Read(yaml.Replace("nats.pass", "gone.pass", StringComparison.Ordinal), "hub.yml"), new HubOverrides()));
            Assert.Contains("nats.password_file", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
