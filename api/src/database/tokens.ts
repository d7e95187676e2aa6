/** The connection string the app's database pool uses (embedded or configured). */
export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * True when the database is the embedded PGlite behind pglite-socket. Every pooled connection then shares
 * one PGlite session, so session state such as named prepared statements must not be relied on.
 */
export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');
