package com.eduplatform.data;

import java.util.List;

/**
 * One page of a keyset listing: its rows and the opaque cursors to the pages on either side. A cursor is
 * {@code null} where there is nothing more that way. Hand a cursor back with the same {@link PageRequest} to
 * {@link Repository#pageAfter} or {@link Repository#pageBefore}.
 */
public record Page<P>(List<P> items, String nextCursor, String previousCursor) {

    public Page {
        items = List.copyOf(items);
    }

    /** Whether rows follow this page. */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /** Whether rows precede this page. */
    public boolean hasPrevious() {
        return previousCursor != null;
    }
}
