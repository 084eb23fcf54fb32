package io.hookstream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What became of a {@link CatalogCommand}, on {@code hookstream.command-results} keyed by its id.
 *
 * @param status as HTTP says it: 200 applied, 201 created, 204 deleted, 404 absent, 409 already
 *     exists or changed meanwhile, 412 not at the expected version
 * @param entity the entity after the command (absent when deleted or refused)
 * @param version the entity's version after the command
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(String id, int status, String code, String message, JsonNode entity,
    Long version) {

  public static CommandResult applied(String id, int status, JsonNode entity, long version) {
    return new CommandResult(id, status, null, null, entity, version);
  }

  public static CommandResult refused(String id, int status, String code, String message) {
    return new CommandResult(id, status, code, message, null, null);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
