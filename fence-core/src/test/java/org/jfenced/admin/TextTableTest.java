package org.jfenced.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void alignsColumnsRightAlignsNumbersAndShowsEmptyCellsAsDashes() {
        String t = new TextTable("NAME", "REQUESTS", "LAST ERROR")
                .row("tcp", 12L, "")
                .row("admin", 1L, "refused")
                .render();
        assertEquals("""
                NAME   REQUESTS  LAST ERROR
                tcp          12  -
                admin         1  refused
                """, t);
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new TextTable("A", "B").row("only one"));
    }
}
