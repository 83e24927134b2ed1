// The link editor: click the objective a link starts from, then the one it points to; the form's two choices are
// filled in and the link is added. Without JavaScript the two choices are made in the form.
(function () {
    var script = document.currentScript;
    var form = document.getElementById('link-form');
    var svg = document.querySelector('svg.picking');
    if (!form || !svg) return;
    var from = form.querySelector('#link-from');
    var to = form.querySelector('#link-to');
    var status = form.querySelector('#link-status');
    var picked = null;
    svg.querySelectorAll('g.objective[data-code]').forEach(function (box) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'button');
        box.setAttribute('aria-label', box.getAttribute('data-code'));
        var pick = function () {
            var code = box.getAttribute('data-code');
            if (picked === null) {
                picked = box;
                box.classList.add('picked');
                from.value = code;
                status.textContent = script.getAttribute('data-picked').replace('{0}', code);
                return;
            }
            if (picked === box) return;
            to.value = code;
            form.submit();
        };
        box.addEventListener('click', pick);
        box.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); }
        });
    });
})();
