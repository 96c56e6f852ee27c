// Recipe forms: when photos are chosen, the form is sent in the background so that a progress bar can show the upload.
// Without JavaScript the form posts as usual. The answer replaces the page (the form again, with its messages) or,
// after a redirect, the browser goes to the recipe.
(() => {
    for (const form of document.querySelectorAll('form[data-recipe-form]')) {
        form.addEventListener('submit', (event) => {
            const files = form.querySelector('input[type=file]');
            const submitter = event.submitter;
            if (!files || files.files.length === 0 || (submitter && submitter.hasAttribute('formaction'))) return;
            event.preventDefault();
            const progress = form.querySelector('[data-upload-progress]');
            const data = new FormData(form, submitter);
            const request = new XMLHttpRequest();
            request.open('POST', form.action || window.location.href);
            request.upload.addEventListener('progress', (e) => {
                if (!e.lengthComputable || !progress) return;
                progress.hidden = false;
                progress.value = Math.round((e.loaded / e.total) * 100);
            });
            request.addEventListener('load', () => {
                if (request.responseURL && request.responseURL !== (form.action || window.location.href) && request.status < 400) {
                    window.location.assign(request.responseURL);
                    return;
                }
                document.open();
                document.write(request.responseText);
                document.close();
            });
            request.addEventListener('error', () => {
                if (progress) progress.hidden = true;
                alert('The upload failed: check your connection and try again.');
            });
            for (const button of form.querySelectorAll('button')) button.disabled = true;
            request.send(data);
        });
    }
})();
