// qrcode's encoder alone (lib/core/qrcode.js, CommonJS): the package's main module also loads
// its PNG, SVG and terminal renderers (with pngjs), which the package builder never uses.
declare module 'qrcode/lib/core/qrcode.js' {
  export { create } from 'qrcode';
}
