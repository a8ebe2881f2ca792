package io.twinguard.adapters.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Unit conversions by UCUM code, against the exact definitions in the UCUM tables. */
class UnitConversionTest {

  @Test
  void convert_fahrenheitToCelsius_matchesTheDefinition() {
    UnitConversion conversion = UnitConversion.of("[degF]", "Cel");

    assertEquals(0.0, conversion.convert(32.0), 1e-12);
    assertEquals(100.0, conversion.convert(212.0), 1e-12);
    assertEquals(-40.0, conversion.convert(-40.0), 1e-12);
  }

  @Test
  void convert_internationalMileToMetre_is1609point344() {
    assertEquals(1609.344, UnitConversion.of("[mi_i]", "m").convert(1.0), 1e-9);
  }

  @Test
  void convert_kilometrePerHourToMetrePerSecond_dividesBy3point6() {
    assertEquals(10.0, UnitConversion.of("km/h", "m/s").convert(36.0), 1e-12);
  }

  @Test
  void of_whenCodeIsNotUcum_fails() {
    assertEquals("not a UCUM unit code: 'furlongs'",
        assertThrows(IllegalArgumentException.class, () -> UnitConversion.of("furlongs", "m")).getMessage());
  }

  @Test
  void of_whenQuantitiesDiffer_fails() {
    assertEquals("cannot convert 'Cel' to 's': they measure different quantities",
        assertThrows(IllegalArgumentException.class, () -> UnitConversion.of("Cel", "s")).getMessage());
  }
}
