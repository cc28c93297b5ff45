package com.eduplatform.data.testing;

/** Rewrites the database part of a PostgreSQL JDBC URL. */
final class JdbcUrls {

    private JdbcUrls() {
    }

    static String withDatabase(String url, String database) {
        String prefix = "jdbc:postgresql://";
        if (!url.startsWith(prefix)) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + url);
        }
        int slash = url.indexOf('/', prefix.length());
        int query = url.indexOf('?', prefix.length());
        String hosts = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
        String parameters = query < 0 ? "" : url.substring(query);
        return hosts + "/" + database + parameters;
    }
}
