package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.util.Optional;

/**
 * The audit log's database ({@code db.*}).
 *
 * @param url a PostgreSQL URI ({@code postgresql://user:password@host:port/database}); empty for an
 *     embedded PostgreSQL in {@code data_dir/pgdata}. It may hold a password: never print it
 *     unmasked ({@link LoadedSettings#describe()} masks it).
 * @throws IllegalArgumentException when the URL is not a PostgreSQL URI
 */
public record DbSettings(Optional<String> url) {

  public DbSettings {
    Check.present("url", url);
    url.ifPresent(u -> {
      if (!u.startsWith("postgresql://") && !u.startsWith("postgres://")) {
        throw InvalidValue.of("url", "must be a PostgreSQL URI (postgresql://user:password@host:port/database)", u);
      }
    });
  }
}
