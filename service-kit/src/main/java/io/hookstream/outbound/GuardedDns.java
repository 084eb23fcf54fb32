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
  /**
   * The test OkHttp applies before it connects without DNS ({@code canParseAsIpAddress}): any host
   * of digits and dots ({@code 2130706433}, {@code 0}, {@code 127.1}), or with a colon. Such a host
   * is parsed by {@link InetAddress#getByName}, as OkHttp parses it, and judged here.
   */
  private static final java.util.regex.Pattern LITERAL =
      java.util.regex.Pattern.compile("([0-9a-fA-F]*:[0-9a-fA-F:.]*)|([\\d.]+)");
  /** What a refusal says: never what a name resolves to, which would map the network. */
  public static final String REFUSED = "refused by the SSRF guard: the target is not a public"
      + " address";
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
      if (policy.refusal(address).isPresent()) {
        throw new ForbiddenTarget(REFUSED);
      }
    }
    return addresses;
  }

  /**
   * The guard for hosts OkHttp connects to without DNS: every form it takes for an address
   * (decimal {@code 2130706433}, short {@code 127.1}, {@code 0}, dotted quads, IPv6), read with
   * the parser it reads them with.
   */
  public static Optional<String> literalRefusal(String host, TargetPolicy policy) {
    if (!LITERAL.matcher(host).matches()) {
      return Optional.empty();
    }
    try {
      return policy.refusal(InetAddress.getByName(host)).map(reason -> REFUSED);
    } catch (UnknownHostException e) {
      return Optional.of(REFUSED);
    }
  }
}
