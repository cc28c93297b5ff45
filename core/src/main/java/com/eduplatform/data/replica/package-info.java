/**
 * Read replicas: the values {@link com.eduplatform.data.EduDatabase#analytics()} routing hands out, the replica's
 * {@link com.eduplatform.data.replica.ReplicaStatus} and the {@link com.eduplatform.data.replica.WalPosition} a
 * host carries to read its own writes from another thread or request. See {@code docs/replicas.md}.
 */
package com.eduplatform.data.replica;
