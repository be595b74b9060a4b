import Templates

extension TemplateValue {
    /// A list wrapped so that templates can test for emptiness: `{{#group}}<ul>{{#items}}…{{/items}}</ul>{{/group}}`;
    /// null when there are no items.
    static func group(_ items: [TemplateValue]) -> TemplateValue {
        items.isEmpty ? .null : ["items": .list(items)]
    }
}
