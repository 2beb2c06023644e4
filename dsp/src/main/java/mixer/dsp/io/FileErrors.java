package mixer.dsp.io;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** The file system's failures in words: Java's exceptions of {@code java.nio.file} often carry the path and no reason. */
public final class FileErrors {

    private FileErrors() {
    }

    /** What went wrong with which file, as a sentence without Java's class names. */
    public static String explain(FileSystemException e) {
        String file = e.getFile();
        if (e instanceof AccessDeniedException) return file + ": " + (e.getReason() == null ? "permission denied" : e.getReason());
        if (e instanceof FileAlreadyExistsException) { // making a folder where a file is, or a file where one is
            return file + (file != null && Files.isDirectory(Path.of(file)) ? " already exists" : " is a file, not a folder");
        }
        if (e instanceof NoSuchFileException) return file + ": no such file or folder";
        if (e instanceof NotDirectoryException) return file + " is a file, not a folder";
        if (e instanceof DirectoryNotEmptyException) return file + ": a folder that is not empty";
        return e.getReason() == null ? file + ": " + e.getClass().getSimpleName() : file + ": " + e.getReason();
    }
}
