// Skill autocomplete: shows matching skills while typing, as the same "Add" buttons the server renders after
// a search, so choosing one posts the form exactly as it does without JavaScript.
(function () {
    "use strict";
    var box = document.querySelector("[data-skill-search]");
    if (!box || !window.fetch) { return; }
    var input = box.querySelector("input[type=search]");
    var list = box.querySelector("#skill-results");
    var status = box.querySelector("[data-skill-status]");
    var timer = 0;
    var latest = 0;

    function render(items) {
        list.textContent = "";
        items.forEach(function (item) {
            var li = document.createElement("li");
            var label = document.createElement("span");
            label.textContent = item.label;
            var button = document.createElement("button");
            button.type = "submit";
            button.className = "small";
            button.name = "skillId";
            button.value = item.id;
            button.formAction = list.getAttribute("data-add-action");
            button.textContent = box.getAttribute("data-add-label");
            var context = document.createElement("span");
            context.className = "visually-hidden";
            context.textContent = " " + item.label;
            button.appendChild(context);
            li.appendChild(label);
            li.appendChild(button);
            list.appendChild(li);
        });
        status.textContent = box.getAttribute("data-found").replace("{0}", String(items.length));
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        var text = input.value.trim();
        if (text.length < 2) { return; }
        timer = window.setTimeout(function () {
            var ask = ++latest;
            var url = "/api/skills?take=8&lang=" + encodeURIComponent(box.getAttribute("data-lang")) + "&q=" + encodeURIComponent(text);
            fetch(url, { headers: { accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { items: [] }; })
                .then(function (body) { if (ask === latest) { render(body.items || []); } })
                .catch(function () { /* The search button still works. */ });
        }, 200);
    });
}());
