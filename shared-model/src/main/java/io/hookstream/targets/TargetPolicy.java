package io.hookstream.targets;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a webhook may be sent to. Targets are untrusted: unless private targets are
 * allowed, loopback, private, carrier-grade NAT, link-local (cloud metadata included), multicast,
 * unspecified, broadcast and reserved addresses are refused, for IPv4 and IPv6 alike, and IPv6
 * forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are judged by that address.
 * Pure: no lookups.
 */
public final class TargetPolicy {
  private final boolean allowPrivate;

  public TargetPolicy(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  public boolean allowsPrivate() {
    return allowPrivate;
  }

  /** Why {@code address} is refused, or empty when it may be called. */
  public Optional<String> refusal(InetAddress address) {
    if (allowPrivate) {
      return Optional.empty();
    }
    String kind = classify(address);
    return kind == null ? Optional.empty()
        : Optional.of(address.getHostAddress() + " is a " + kind + " address");
  }

  /** The forbidden class of {@code address}, or null for a public address. */
  static String classify(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      Inet4Address embedded = embeddedV4(b);
      if (embedded != null) {
        return classify(embedded);
      }
      if (v6.isAnyLocalAddress()) {
        return "unspecified";
      }
      if (v6.isLoopbackAddress()) {
        return "loopback";
      }
      if (v6.isLinkLocalAddress() || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
        return "link-local";
      }
      if ((b[0] & 0xfe) == 0xfc) {
        return "private (unique local)";
      }
      if (v6.isMulticastAddress()) {
        return "multicast";
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d
          && (b[3] & 0xff) == 0xb8) {
        return "documentation";
      }
      return null;
    }
    byte[] b = address.getAddress();
    int a0 = b[0] & 0xff;
    int a1 = b[1] & 0xff;
    if (a0 == 0) {
      return "unspecified";
    }
    if (a0 == 127) {
      return "loopback";
    }
    if (a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168) {
      return "private";
    }
    if (a0 == 100 && a1 >= 64 && a1 <= 127) {
      return "carrier-grade NAT";
    }
    if (a0 == 169 && a1 == 254) {
      return "link-local (cloud metadata)";
    }
    if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) {
      return "reserved (IETF)";
    }
    if (a0 == 198 && (a1 == 18 || a1 == 19)) {
      return "reserved (benchmarking)";
    }
    if (a0 >= 224 && a0 <= 239) {
      return "multicast";
    }
    if (a0 >= 240) {
      return a0 == 255 && a1 == 255 && (b[2] & 0xff) == 255 && (b[3] & 0xff) == 255
          ? "broadcast" : "reserved";
    }
    return null;
  }

  /** The IPv4 address inside an IPv4-mapped, -compatible, NAT64 or 6to4 IPv6 address. */
  private static Inet4Address embeddedV4(byte[] b) {
    boolean zeros80 = true;
    for (int i = 0; i < 10; i++) {
      zeros80 &= b[i] == 0;
    }
    boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeros80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0
        && b[14] == 0 && (b[15] == 0 || b[15] == 1));
    boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b;
    if (mapped || compatible || nat64) {
      return v4(b[12], b[13], b[14], b[15]);
    }
    if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      return v4(b[2], b[3], b[4], b[5]);
    }
    return null;
  }

  private static Inet4Address v4(byte a, byte b, byte c, byte d) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are always an IPv4 address", e);
    }
  }
}
