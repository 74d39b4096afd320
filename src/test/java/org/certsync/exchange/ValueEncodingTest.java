package org.certsync.exchange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueEncodingTest {

    private static final byte[] VALUE = {0x30, (byte) 0x82, (byte) 0xff, 0x00};

    @Test
    void base64RoundTrips() {
        assertThat(ValueEncoding.BASE64.encode(VALUE)).isEqualTo(TextNode.valueOf("MIL/AA=="));
        assertThat(ValueEncoding.BASE64.decode(TextNode.valueOf("MIL/AA=="))).isEqualTo(VALUE);
    }

    @Test
    void byteArraySendsUnsignedNumbersAndReadsSignedOnesToo() {
        assertThat(ValueEncoding.BYTE_ARRAY.encode(VALUE).toString()).isEqualTo("[48,130,255,0]");
        assertThat(ValueEncoding.BYTE_ARRAY.decode(JsonNodeFactory.instance.arrayNode().add(48).add(-126).add(-1).add(0))).isEqualTo(VALUE);
    }

    @Test
    void refusesWhatIsNotBinary() {
        assertThatThrownBy(() -> ValueEncoding.BASE64.decode(TextNode.valueOf("**"))).hasMessageStartingWith("invalid base64");
        assertThatThrownBy(() -> ValueEncoding.BASE64.decode(TextNode.valueOf(""))).hasMessage("the value is empty");
        assertThatThrownBy(() -> ValueEncoding.BYTE_ARRAY.decode(JsonNodeFactory.instance.arrayNode().add(256)))
                .hasMessage("element 0 is not a byte: 256");
        assertThatThrownBy(() -> ValueEncoding.BYTE_ARRAY.decode(TextNode.valueOf("MA==")))
                .hasMessageStartingWith("expected an array of bytes");
    }
}
