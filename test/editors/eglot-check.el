;;; eglot-check.el --- batch check of the KMS language server with eglot  -*- lexical-binding: t -*-
;;
;;   KMS_SERVER=/abs/dist/server.js KMS_LOG=/tmp/x/app.log emacs --batch -q -l test/editors/eglot-check.el
;;
;; (-q, not -Q: -Q also drops site-lisp, where Debian's elpa-eglot lives.)
;;
;; Written for and tried with eglot 1.9 on Emacs 28.2 (Debian 12's elpa-eglot); not tried with Emacs 29+.
;; Registers the server for the major mode of .log files (fundamental-mode: Emacs has no log mode,
;; so the file is opened in text-mode, the mode the docs recommend), opens $KMS_LOG, starts eglot
;; through `eglot-ensure' as a user's hook would, waits for Flymake diagnostics from eglot, asks for
;; a hover at the first one, and prints on stdout
;;   DIAG <code> <line> <character>     (zero-based LSP positions, one line per diagnostic)
;;   HOVER ok | HOVER fail <why>
;;   RESULT ok | RESULT fail <why>
;; then exits with 0 on success and 1 otherwise.

;;; Code:

(require 'package)
;; Batch Emacs does not activate packages; an eglot installed with package.el needs this.
(unless (locate-library "eglot") (package-initialize))
(require 'eglot)
(require 'flymake)
(require 'cl-lib)

(defvar kms-check-timeout
  (/ (string-to-number (or (getenv "KMS_TIMEOUT_MS") "30000")) 1000.0)
  "Seconds to wait for diagnostics and for the hover.")

(defun kms-check-say (fmt &rest args)
  "Print FMT with ARGS as one line on stdout."
  (princ (concat (apply #'format fmt args) "\n")))

(defun kms-check-wait (predicate seconds)
  "Process events until PREDICATE returns non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds))
        value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun kms-check-lsp-diagnostics ()
  "Flymake's diagnostics from eglot in this buffer (LSP source kms only)."
  (cl-loop for diag in (flymake-diagnostics)
           for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag))
           when (and lsp (equal (plist-get lsp :source) "kms"))
           collect diag))

(defun kms-check-position (pos)
  "POS as a zero-based (LINE . CHARACTER); characters equal UTF-16 units on ASCII lines."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char pos)
      (cons (1- (line-number-at-pos pos)) (- pos (line-beginning-position))))))

(defun kms-check-hover-text (contents)
  "The text of hover CONTENTS (MarkupContent, MarkedString or a vector of them)."
  (cond ((stringp contents) contents)
        ((vectorp contents) (mapconcat #'kms-check-hover-text contents "\n"))
        ((plist-get contents :value))
        (t "")))

(defun kms-check ()
  "Run the check; return nil on success, else a reason string."
  (let ((server (getenv "KMS_SERVER"))
        (log (getenv "KMS_LOG")))
    (cond
     ((or (null server) (string-empty-p server)) "KMS_SERVER is not set")
     ((or (null log) (not (file-readable-p log))) "KMS_LOG is not a readable file")
     (t
      ;; The documented configuration, with `node SERVER' instead of `kms-language-server'.
      (add-to-list 'auto-mode-alist '("\\.\\(log\\|out\\)\\'" . text-mode))
      (add-to-list 'eglot-server-programs
                   `((text-mode) . ("node" ,server "--stdio")))
      (add-hook 'text-mode-hook #'eglot-ensure)
      (let ((buffer (find-file log)))
        (with-current-buffer buffer
          ;; `eglot-ensure' connects from `post-command-hook'; batch Emacs runs no commands.
          (run-hooks 'post-command-hook)
          (if (not (kms-check-wait (lambda () (eglot-current-server)) kms-check-timeout))
              "eglot did not connect"
            (let ((diags (kms-check-wait
                          (lambda ()
                            (or (kms-check-lsp-diagnostics)
                                ;; Flymake asks its backends on its own timers; nudge it as they would.
                                (progn (when (and flymake-mode (not (flymake-running-backends)))
                                         (flymake-start))
                                       nil)))
                          kms-check-timeout)))
              (if (null diags)
                  (format "no Flymake diagnostics from eglot within %ss" kms-check-timeout)
                ;; The position is where Flymake put the diagnostic in the buffer, not the raw LSP range.
                (dolist (d diags)
                  (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
                        (pos (kms-check-position (flymake-diagnostic-beg d))))
                    (kms-check-say "DIAG %s %d %d" (plist-get lsp :code) (car pos) (cdr pos))))
                (let* ((pos (kms-check-position (flymake-diagnostic-beg (car diags))))
                       (hover
                        (condition-case err
                            (jsonrpc-request
                             (eglot-current-server) :textDocument/hover
                             (list :textDocument (eglot--TextDocumentIdentifier)
                                   :position (list :line (car pos) :character (1+ (cdr pos))))
                             :timeout kms-check-timeout)
                          (error (list :error (format "%S" err)))))
                       (text (and (plist-get hover :contents)
                                  (kms-check-hover-text (plist-get hover :contents)))))
                  (if (and text (string-match-p "KeyNotFound" text))
                      (progn (kms-check-say "HOVER ok") nil)
                    (kms-check-say "HOVER fail %s"
                                   (replace-regexp-in-string "\n" " " (format "%S" hover)))
                    "hover failed")))))))))))

(let* ((failure (condition-case err
                    (kms-check)
                  (error (format "error: %S" err))))
       (server (ignore-errors (and (get-file-buffer (or (getenv "KMS_LOG") ""))
                                   (with-current-buffer (get-file-buffer (getenv "KMS_LOG"))
                                     (eglot-current-server))))))
  (kms-check-say (if failure (format "RESULT fail %s" failure) "RESULT ok"))
  ;; Shut the server down politely so no process outlives the editor.
  (when server (ignore-errors (eglot-shutdown server nil 5)))
  (kill-emacs (if failure 1 0)))

;;; eglot-check.el ends here
