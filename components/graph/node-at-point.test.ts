import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeAtPoint, type NodeBox } from './node-at-point';

/** A node of the given size centred on (x, y), as cytoscape reports its box. */
function boxAt(id: string, x: number, y: number, size: number): NodeBox {
  return { id, x1: x - size / 2, y1: y - size / 2, x2: x + size / 2, y2: y + size / 2 };
}

// The binding of the e2e two-node neighbourhood, where cytoscape's own test missed the centre.
const binding = boxAt('binding:RoleBinding:team-payments:leads', 474.25, 369.7880856446827, 27);
const alice = boxAt('subject:User::alice@example.com', 474.25, 266.2119143553173, 27);

test('a tap on the centre of a node is that node, also on its vertical axis', () => {
  assert.equal(nodeAtPoint([alice, binding], { x: 474.25, y: 369.7880856446827 }), binding.id);
  assert.equal(nodeAtPoint([alice, binding], { x: 474.25, y: 380 }), binding.id);
});

test('a tap outside every box is no node', () => {
  assert.equal(nodeAtPoint([alice, binding], { x: 474.25, y: 318 }), null);
  assert.equal(nodeAtPoint([alice, binding], { x: 500, y: 369.79 }), null);
  assert.equal(nodeAtPoint([], { x: 0, y: 0 }), null);
});

test('the edge of a box belongs to the node', () => {
  assert.equal(nodeAtPoint([binding], { x: binding.x2, y: binding.y1 }), binding.id);
});

test('where boxes overlap, the node whose centre is nearest wins, whatever the order', () => {
  const left = boxAt('left', 0, 0, 40);
  const right = boxAt('right', 30, 0, 40);
  assert.equal(nodeAtPoint([left, right], { x: 12, y: 0 }), 'left');
  assert.equal(nodeAtPoint([right, left], { x: 12, y: 0 }), 'left');
  assert.equal(nodeAtPoint([left, right], { x: 18, y: 5 }), 'right');
});
