package io.hookstream.model;

import java.time.Instant;

/**
 * The latest run of a delivery, on {@code hookstream.delivery-runs} keyed by delivery id: a manual
 * retry or replay started run {@code run} at {@code at}, replacing every older one.
 */
public record DeliveryRun(int v, long run, Instant at) {
  public static final int VERSION = 1;

  public DeliveryRun {
    v = v == 0 ? VERSION : v;
  }

  public static DeliveryRun of(long run, Instant at) {
    return new DeliveryRun(VERSION, run, at);
  }
}
