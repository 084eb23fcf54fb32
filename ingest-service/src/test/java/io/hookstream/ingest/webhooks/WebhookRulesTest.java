package io.hookstream.ingest.webhooks;

import io.hookstream.ingest.api.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.targets.TargetPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The URL rules' SSRF check at create and PATCH time, with DNS answered by the test. */
class WebhookRulesTest {
  static final TargetPolicy STRICT = new TargetPolicy(false);
  static final Map<String, String> DNS = Map.of(
      "rebind.example", "127.0.0.1",
      "metadata.example", "169.254.169.254",
      "internal.example", "10.20.30.40",
      "public.example", "93.184.216.34");
  static final HostResolver RESOLVER = host -> {
    String address = DNS.get(host);
    if (address == null) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByName(address)};
  };

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1/h", "http://10.0.0.8:8080/h", "https://192.168.1.1/h",
      "http://169.254.169.254/latest/meta-data", "http://[::1]/h", "http://[::ffff:127.0.0.1]/h",
      "http://[fd00:ec2::254]/h", "http://0.0.0.0/h", "http://100.100.100.200/h",
      "http://rebind.example/h", "http://metadata.example/h", "https://internal.example/h"})
  void refusesPrivateTargets(String url) {
    assertThatThrownBy(() -> WebhookRules.url(url, STRICT, RESOLVER))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("forbidden_target");
          assertThat(e.field()).isEqualTo("url");
        });
  }

  @Test
  void acceptsPublicTargetsAndNamesThatDoNotResolveYet() {
    assertThat(WebhookRules.url("https://public.example/h", STRICT, RESOLVER)).isNotNull();
    assertThat(WebhookRules.url("https://93.184.216.34/h", STRICT, RESOLVER)).isNotNull();
    // checked again at every connect by the dispatcher
    assertThat(WebhookRules.url("https://not-yet.example/h", STRICT, RESOLVER)).isNotNull();
  }

  @Test
  void localDevelopmentMayAllowPrivateTargets() {
    assertThat(WebhookRules.url("http://127.0.0.1:9000/h", new TargetPolicy(true), RESOLVER))
        .isNotNull();
  }
}
