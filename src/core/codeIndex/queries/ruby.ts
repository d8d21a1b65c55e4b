export const RUBY_QUERY = `
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(class name: [(constant) @name (scope_resolution name: (_) @name)]) @definition.class
(module name: [(constant) @name (scope_resolution name: (_) @name)]) @definition.module

(call method: (identifier) @reference)
(superclass (constant) @reference)
(scope_resolution name: (constant) @reference)

; Supertypes: a class's superclass (\`Mod::Base\` by its last part).
(class name: [(constant) @supertype.of (scope_resolution name: (_) @supertype.of)] superclass: (superclass [(constant) @supertype (scope_resolution name: (constant) @supertype)]))
`;
