package io.hookstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetPolicyTest {
  final TargetPolicy strict = new TargetPolicy(false);

  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, loopback", "127.10.0.3, loopback", "::1, loopback",
      "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
      "fd00:ec2::254, private (unique local)", "fc00::1, private (unique local)",
      "100.64.0.1, carrier-grade NAT", "100.100.100.200, carrier-grade NAT",
      "169.254.169.254, link-local (cloud metadata)", "fe80::1, link-local",
      "224.0.0.1, multicast", "ff02::1, multicast",
      "0.0.0.0, unspecified", "::, unspecified",
      "255.255.255.255, broadcast", "240.0.0.1, reserved",
      "::ffff:127.0.0.1, loopback", "::ffff:169.254.169.254, link-local (cloud metadata)",
      "::ffff:10.0.0.1, private", "64:ff9b::a9fe:a9fe, link-local (cloud metadata)",
      "2002:7f00:1::, loopback", "::7f00:1, loopback"})
  void refusesEveryNonPublicClass(String address, String kind) throws Exception {
    assertThat(strict.refusal(InetAddress.getByName(address)))
        .hasValueSatisfying(reason -> assertThat(reason).endsWith("is a " + kind + " address"));
  }

  @ParameterizedTest
  @CsvSource({"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
      "::ffff:8.8.8.8"})
  void allowsPublicAddresses(String address) throws Exception {
    assertThat(strict.refusal(InetAddress.getByName(address))).isEmpty();
  }

  @Test
  void localDevelopmentMayAllowPrivateTargets() throws Exception {
    assertThat(new TargetPolicy(true).refusal(InetAddress.getByName("127.0.0.1"))).isEmpty();
  }
}
