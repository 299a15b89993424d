package org.jfenced.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which names are UUIDs: exactly what fence_virtd's is_uuid accepts. */
class UuidSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "a1a1a1a1-1111-4111-8111-aaaaaaaaaa01",
        "A1A1A1A1-1111-4111-8111-AAAAAAAAAA01",
        "a1A1a1A1-1111-4111-8111-aAaAaAaAaA01",
        "00000000-0000-0000-0000-000000000000",
    })
    void canonicalUuidsInAnyCaseAreUuids(String target) {
        assertTrue(VmInfo.isUuid(target));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "vm-run1",
        "",
        "a1a1a1a1111141118111aaaaaaaaaa01",
        "{a1a1a1a1-1111-4111-8111-aaaaaaaaaa01}",
        "a1a1a1a1-1111-4111-8111-aaaaaaaaaa01 ",
        "a1a1a1a1-1111-4111-8111-aaaaaaaaaa0",
        "a1a1a1a1-1111-4111-8111-aaaaaaaaaa0g",
        "a1a1a1a1_1111-4111-8111-aaaaaaaaaa01",
        "a1a1a1a11-111-4111-8111-aaaaaaaaaa01",
        "a1a1a1a1-1111-4111-8111-aaaaaaaaaa0\uff11",
    })
    void anythingElseIsAName(String target) {
        assertFalse(VmInfo.isUuid(target));
    }
}
