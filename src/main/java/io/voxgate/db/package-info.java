/** Database plumbing: the pool, migrations, SQL files and the embedded PostgreSQL. */
package io.voxgate.db;
