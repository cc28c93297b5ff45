package com.eduplatform.data.types;

/** What a data subject asked for ({@code privacy_requests.kind}): a copy of their data, or its erasure. */
public enum PrivacyRequestKind implements SchemaEnum {
    EXPORT, ERASURE
}
