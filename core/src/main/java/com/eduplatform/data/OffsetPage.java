package com.eduplatform.data;

import java.util.List;

/**
 * One page of an offset listing, for small admin lists that show page numbers: its rows, which page it is
 * (from 0), the page size, and how many rows the whole listing has.
 */
public record OffsetPage<P>(List<P> items, int pageNumber, int pageSize, long totalItems) {

    public OffsetPage {
        items = List.copyOf(items);
    }

    /** How many pages the listing has. */
    public long totalPages() {
        return (totalItems + pageSize - 1) / pageSize;
    }
}
