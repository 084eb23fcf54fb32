package io.hookstream.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hookstream.config.ConfigException;
import io.hookstream.config.Env;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
  final SecretBox box = SecretBox.fromBase64(SecretBox.generateKey());

  @Test
  void sealsAndOpensBoundToItsSubscription() {
    String sealed = box.seal("whsec_topsecret", "acme/sub_1");
    assertThat(sealed).startsWith("hsenc:v1:").doesNotContain("topsecret");
    assertThat(box.seal("whsec_topsecret", "acme/sub_1")).as("random nonce").isNotEqualTo(sealed);
    assertThat(box.open(sealed, "acme/sub_1")).isEqualTo("whsec_topsecret");
    assertThatThrownBy(() -> box.open(sealed, "acme/sub_2"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not open");
    SecretBox other = SecretBox.fromBase64(SecretBox.generateKey());
    assertThatThrownBy(() -> other.open(sealed, "acme/sub_1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theMasterKeyIsRequiredAndNeverEchoed() {
    assertThatThrownBy(() -> SecretBox.fromEnv(Env.of(Map.of())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("invalid configuration: HOOKSTREAM_MASTER_KEY= must be set");
    assertThatThrownBy(() -> SecretBox.fromEnv(Env.of(Map.of("HOOKSTREAM_MASTER_KEY", "c2hvcnQ="))))
        .hasMessage("invalid configuration: HOOKSTREAM_MASTER_KEY='<hidden>' must be the base64 of"
            + " 32 random bytes (openssl rand -base64 32)");
  }
}
