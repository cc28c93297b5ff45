/**
 * Build-time only: the jOOQ meta database that turns the migrations into generated classes. Not a runtime
 * dependency of hosts.
 */
package com.eduplatform.data.codegen;
