package dev.tollgate.cli.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A time bound for queries: a date ({@code 2026-11-29}, meaning its first instant, midnight UTC) or
 * an RFC 3339 time with its offset ({@code 2026-11-29T10:00:00Z}, {@code 2026-11-29T11:00:00+01:00}).
 */
final class TimeArg implements ITypeConverter<Instant> {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  @Override
  public Instant convert(String value) {
    try {
      if (DATE.matcher(value).matches()) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is neither a date (2026-11-29, from midnight UTC) nor an"
          + " RFC 3339 time with offset (2026-11-29T10:00:00Z)");
    }
  }
}
