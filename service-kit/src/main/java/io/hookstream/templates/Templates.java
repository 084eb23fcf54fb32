package io.hookstream.templates;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled templates by their source, so each template (whichever subscriptions share it) is
 * compiled once while it is in use. Bounded: the least recently used are dropped. Thread-safe.
 */
public final class Templates {
  private final Map<String, PayloadTemplate> cache;

  public Templates(int maxEntries) {
    this.cache = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, PayloadTemplate> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The compiled template; a source that does not compile throws each time it is asked for. */
  public PayloadTemplate compiled(String source) {
    synchronized (cache) {
      PayloadTemplate hit = cache.get(source);
      if (hit != null) {
        return hit;
      }
    }
    PayloadTemplate compiled = PayloadTemplate.compile(source);
    synchronized (cache) {
      cache.put(source, compiled);
    }
    return compiled;
  }

  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }
}
