package io.hookstream.outbound;

import io.hookstream.targets.TargetPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import okhttp3.Dns;

/**
 * The dispatcher's DNS: resolves as the system does, then refuses the whole answer if any address
 * is one the target policy forbids. Checked at every connect, so a name that resolved to a public
 * address at creation and to a private one later (DNS rebinding) is still refused.
 */
public final class GuardedDns implements Dns {
  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private final TargetPolicy policy;

  public GuardedDns(TargetPolicy policy) {
    this.policy = policy;
  }

  /** A lookup refused by the SSRF guard: not retried, recorded with its reason. */
  public static final class ForbiddenTarget extends UnknownHostException {
    ForbiddenTarget(String message) {
      super(message);
    }
  }

  @Override
  public List<InetAddress> lookup(String host) throws UnknownHostException {
    List<InetAddress> addresses = Dns.SYSTEM.lookup(host);
    for (InetAddress address : addresses) {
      Optional<String> refusal = policy.refusal(address);
      if (refusal.isPresent()) {
        throw new ForbiddenTarget("refused by the SSRF guard: " + host + " resolves to "
            + refusal.get());
      }
    }
    return addresses;
  }

  /** The guard for URLs whose host is an IP address, which OkHttp connects to without DNS. */
  public static Optional<String> literalRefusal(String host, TargetPolicy policy) {
    // OkHttp canonicalizes hosts: IPv4 literals as dotted quads, IPv6 without brackets.
    if (!host.contains(":") && !IPV4.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return policy.refusal(InetAddress.getByName(host))
          .map(reason -> "refused by the SSRF guard: " + reason);
    } catch (UnknownHostException e) {
      return Optional.of("refused by the SSRF guard: unparseable address " + host);
    }
  }
}
