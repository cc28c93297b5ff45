package com.eduplatform.data.types;

/** What a content share allows: {@code content_shares.share_type}. */
public enum ShareType implements SchemaEnum {
    VIEW_ONLY, EDIT, COLLABORATE
}
