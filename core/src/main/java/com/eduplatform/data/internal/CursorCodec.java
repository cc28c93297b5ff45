package com.eduplatform.data.internal;

import com.eduplatform.data.error.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque keyset cursors: the sort values of the row a page ends at, which way to go from it, and a fingerprint of
 * the query (table, filter, order) they belong to, signed with HMAC-SHA256. A cursor that was altered, truncated,
 * or presented with another query is refused with an {@link InvalidInputException} naming {@code cursor}.
 */
public final class CursorCodec {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader WIRE_READER = JSON.readerFor(Wire.class);
    private static final ObjectWriter WIRE_WRITER = JSON.writerFor(Wire.class);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    /** Keyed once; each signature uses a clone of it, as looking the algorithm up and keying it cost more. */
    private final Mac keyed;

    public CursorCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.keyed = newMac();
    }

    /** What a cursor says: go {@code forward} (after) or back (before) from the row with these sort values. */
    public record Position(boolean forward, String fingerprint, List<String> values) {
    }

    public String encode(Position position) {
        try {
            byte[] payload = WIRE_WRITER.writeValueAsBytes(new Wire(1, position.forward() ? "a" : "b",
                    position.fingerprint(), position.values()));
            return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(sign(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode a cursor", e);
        }
    }

    /** Decodes a cursor issued for the query with {@code fingerprint}, or refuses it. */
    public Position decode(String cursor, String fingerprint) {
        if (cursor == null || cursor.isBlank()) {
            throw new InvalidInputException("cursor", "is missing");
        }
        int dot = cursor.indexOf('.');
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(cursor.substring(0, Math.max(dot, 0)));
            signature = DECODER.decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("cursor", "is not a cursor this library issued", e);
        }
        boolean canonical = dot > 0
                && ENCODER.encodeToString(payload).equals(cursor.substring(0, dot))
                && ENCODER.encodeToString(signature).equals(cursor.substring(dot + 1));
        if (!canonical || !MessageDigest.isEqual(sign(payload), signature)) {
            throw new InvalidInputException("cursor", "was altered or is not a cursor this library issued");
        }
        Wire wire;
        try {
            wire = WIRE_READER.readValue(payload);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cursor", "is not a cursor this library issued", e);
        }
        if (wire.v() != 1 || wire.k() == null || !("a".equals(wire.d()) || "b".equals(wire.d()))) {
            throw new InvalidInputException("cursor", "has a format this version does not read");
        }
        if (!fingerprint.equals(wire.f())) {
            throw new InvalidInputException("cursor",
                    "belongs to another query (a different table, filter or order); start again from the first page");
        }
        return new Position("a".equals(wire.d()), wire.f(), wire.k());
    }

    /** A short, stable digest of the parts of a query a cursor belongs to. */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return ENCODER.encodeToString(digest.digest()).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] sign(byte[] payload) {
        Mac mac;
        try {
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return mac.doFinal(payload);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Wire(int v, String d, String f, List<String> k) {
    }
}
