// cytoscape-svg ships no types: it is a cytoscape extension that adds cy.svg(options) -> string
// (graph-view.tsx types that method where it calls it).
declare module 'cytoscape-svg' {
  import type { Ext } from 'cytoscape';

  const register: Ext;
  export default register;
}
