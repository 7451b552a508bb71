export * from './customer.js';
export * from './order.js';
export * from './interaction.js';
