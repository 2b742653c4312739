// exceljs's table of Excel's built-in number formats (lib/xlsx/defaultnumformats.js, CommonJS):
// id → { f: the format code } for the ids it knows in every locale, or the code per East
// Asian locale ({ 'zh-cn': … }) for the ids whose format depends on the locale (27–36, 50–58).
declare module 'exceljs/lib/xlsx/defaultnumformats.js' {
  const formats: Record<number, { f?: string } & Record<string, string | undefined>>;
  export default formats;
}
