declare module 'virtual:template-index' {
  import type { TemplateIndex } from './engine/bundled-store.js';
  const index: TemplateIndex;
  export default index;
}
