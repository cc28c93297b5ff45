package com.eduplatform.data.types;

/**
 * How a parent's consent was verified ({@code parental_consents.method}): the methods the FTC's COPPA rule accepts
 * as verifiable, a signed consent form, a payment card transaction, a video call with trained staff, a government
 * id checked against a database, knowledge-based questions, and "email plus" (only for data not disclosed to third
 * parties).
 */
public enum ConsentMethod implements SchemaEnum {
    SIGNED_FORM, PAYMENT_CARD, VIDEO_CALL, GOVERNMENT_ID, KNOWLEDGE_QUESTIONS, EMAIL_PLUS
}
