// Vite's client types: CSS side-effect imports, import.meta.env, asset URLs.
/// <reference types="vite/client" />
