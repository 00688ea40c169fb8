import { fileURLToPath } from 'node:url'

// This file sits directly in src/ and is bundled into files directly in dist/, so `..` is the
// server package in both cases.
export const serverRoot = fileURLToPath(new URL('..', import.meta.url))
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url))
export const pgMigrationsFolder = fileURLToPath(new URL('../drizzle-pg', import.meta.url))
