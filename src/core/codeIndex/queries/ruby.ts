export const RUBY_QUERY = `
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: [(constant) @name (scope_resolution name: (_) @name)]) @definition.class
(module name: [(constant) @name (scope_resolution name: (_) @name)]) @definition.module

(call method: (identifier) @reference)
(superclass (constant) @reference)
(scope_resolution name: (constant) @reference)
`;
