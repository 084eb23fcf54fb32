package io.hookstream.ingest.catalog;

import io.hookstream.model.EventType;
import io.hookstream.model.Tenant;
import io.hookstream.model.TenantId;
import io.hookstream.outbound.Directory;
import java.util.Optional;

/** The catalog as the send path reads it: event types and tenants for templates. */
public final class CatalogDirectory implements Directory {
  private final Catalog catalog;

  public CatalogDirectory(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public Optional<EventType> eventType(String name) {
    return catalog.eventType(name);
  }

  @Override
  public Optional<Tenant> tenant(TenantId id) {
    return catalog.tenant(id);
  }
}
