package org.jfenced.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesNestedValuesIndentedInTheMapsOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "vm-web");
        m.put("up", true);
        m.put("count", 3L);
        m.put("ms", new BigDecimal("1.250"));
        m.put("owner", null);
        m.put("members", List.of(1, 2));
        m.put("empty", List.of());
        m.put("none", Map.of());
        assertEquals("""
                {
                  "name": "vm-web",
                  "up": true,
                  "count": 3,
                  "ms": 1.250,
                  "owner": null,
                  "members": [
                    1,
                    2
                  ],
                  "empty": [],
                  "none": {}
                }
                """, Json.write(m));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001é\"\n", Json.write("a\"b\\c\nd\te\u0001é"));
    }

    @Test
    void writesDoublesWithoutExponentOrTrailingZeros() {
        assertEquals("0.0001\n", Json.write(1e-4));
        assertEquals("25\n", Json.write(25.0));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "x")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Arrays.asList(new Object())));
    }
}
