/** The connection string the app's database pool uses (embedded or configured). */
export const DATABASE_URL = Symbol('DATABASE_URL');
