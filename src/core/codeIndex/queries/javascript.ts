// JavaScript; JS_SHARED is also the part of TypeScript's query that the two grammars share.

export const JS_SHARED = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(method_definition name: [(property_identifier) (private_property_identifier)] @name) @definition.method
(variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(assignment_expression
  left: (member_expression property: (property_identifier) @name)
  right: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression) (generator_function)]) @definition.function

(call_expression function: (identifier) @reference)
(call_expression function: (member_expression property: (property_identifier) @reference))
(new_expression constructor: (identifier) @reference)
(new_expression constructor: (member_expression property: (property_identifier) @reference))
`;

export const JAVASCRIPT_QUERY = `${JS_SHARED}
(class_declaration name: (identifier) @name) @definition.class
(class_heritage (identifier) @reference)
`;
